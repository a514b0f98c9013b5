/** COS q-sign signer/verifier and the shared credential authority (see the two modules). */
export * from './qsign';
export * from './credentials';
