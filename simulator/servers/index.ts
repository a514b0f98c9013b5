/**
 * The servers every simulator cloud mounts by default, wired together the way
 * the real clouds are: the COS server and the app server share one credential
 * authority (STS keys from `GET /cos/sts` work on COS); the Alibaba VOD server
 * issues UploadAuth the OSS server verifies and learns of committed objects; the
 * app server calls the VOD server for `/vod/aliyun/*`; the Tencent VOD server
 * issues STS certificates from the COS authority and forwards the SDK's COS
 * traffic to the COS server; the app server signs uploads for `/vod/tencent/*`.
 */
import { createAppServer, type AppServer } from './appserver';
import { createCosServer, type CosServer } from './cos';
import { createEchoServer, type EchoServer } from './echo';
import { createOssServer, type OssServer } from './oss';
import { createTcbServer, type TcbServer } from './tcb';
import type { LocalServer } from './types';
import { createAliyunVodServer, type AliyunVodServer } from './vod-aliyun';
import { createTencentVodServer, type TencentVodServer } from './vod-tencent';
import { createWeChatServer, type WeChatServer } from './wechat';

export interface DefaultServersOptions {
  /** Where the servers keep objects (sub-dirs per server). Default: each server's own temp dir, removed on close. */
  dataDir?: string;
  /** Server clock (ms). Default `Date.now`. The phone's clock is the Device's, independent of this. */
  clock?: () => number;
}

export interface DefaultServers {
  echo: EchoServer;
  cos: CosServer;
  appserver: AppServer;
  oss: OssServer;
  vodAliyun: AliyunVodServer;
  /** Tencent VOD (vod2.qcloud.com, vodreport.qcloud.com), forwarding the SDK's COS traffic to `cos`. */
  tencentVod: TencentVodServer;
  /** The WeChat auth service (api.weixin.qq.com: jscode2session; wx.login/checkSession's phone side). */
  wechat: WeChatServer;
  /** The local Cloud Development environment (wx.cloud, wx-server-sdk): `*.tcb-api.tencentcloudapi.com`, `*.tcb.qcloud.la`. */
  tcb: TcbServer;
  /** All of them, for Cloud.mount. */
  all: LocalServer[];
}

export function createDefaultServers(options: DefaultServersOptions = {}): DefaultServers {
  const { dataDir, clock } = options;
  const echo = createEchoServer();
  const cos = createCosServer({ dataDir, clock });
  const oss = createOssServer({ dataDir, clock });
  const vodAliyun = createAliyunVodServer({ dataDir, clock, oss });
  const tencentVod = createTencentVodServer({ cos, clock, dataDir });
  const appserver = createAppServer({ authority: cos.authority, clock, aliyun: { vod: vodAliyun }, tencent: { vod: tencentVod } });
  const wechat = createWeChatServer({ clock });
  const tcb = createTcbServer({ dataDir, clock });
  return {
    echo,
    cos,
    appserver,
    oss,
    vodAliyun,
    tencentVod,
    wechat,
    tcb,
    all: [echo, cos, appserver, oss, vodAliyun, tencentVod, wechat, tcb],
  };
}
