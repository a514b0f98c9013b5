/**
 * Location: getLocation / getFuzzyLocation (scripted position `mpsim.phone.moveTo`,
 * behind scope.userLocation / scope.userFuzzyLocation), chooseLocation / choosePoi
 * (the scripted user's pick), openLocation (recorded), and continuous updates
 * (startLocationUpdate[Background] / stopLocationUpdate, onLocationChange fires
 * on every moveTo while updating).
 */
import type { Position } from '../simulator/phone';
import { ApiError, defineAsync } from './convention';
import { emitLater, listenerPair, oneOf } from './family';
import type { RuntimeHost } from './host';
import { ensureScope } from './auth';
import { tag } from './kinds';

/** WGS84 → GCJ-02 (the public "Mars coordinates" transform; identity outside China). */
export function wgs84ToGcj02(lat: number, lng: number): { latitude: number; longitude: number } {
  if (lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271) return { latitude: lat, longitude: lng };
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  const x = lng - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLng += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLng += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { latitude: +(lat + dLat).toFixed(6), longitude: +(lng + dLng).toFixed(6) };
}

function report(p: Position, type: string | undefined) {
  const coords = type === 'gcj02' ? wgs84ToGcj02(p.latitude, p.longitude) : { latitude: p.latitude, longitude: p.longitude };
  return {
    ...coords,
    speed: p.speed,
    accuracy: p.accuracy,
    altitude: p.altitude,
    verticalAccuracy: p.verticalAccuracy,
    horizontalAccuracy: p.horizontalAccuracy,
  };
}

const latitude = {
  type: 'Number' as const,
  required: true,
  check: (v: number) =>
    v >= -90 && v <= 90 ? undefined : `parameter error: parameter.latitude should be between -90 and 90 instead of ${v};`,
};
const longitude = {
  type: 'Number' as const,
  required: true,
  check: (v: number) =>
    v >= -180 && v <= 180 ? undefined : `parameter error: parameter.longitude should be between -180 and 180 instead of ${v};`,
};

export function installLocation(host: RuntimeHost, wx: Record<string, unknown>): void {
  const phone = host.device.phone;
  const locationOff = () => {
    if (!host.device.system.locationEnabled) throw new ApiError('system permission denied');
  };

  wx.getLocation = defineAsync(
    host,
    'getLocation',
    {
      params: {
        type: oneOf('type', ['wgs84', 'gcj02']),
        altitude: { type: 'Boolean' },
        isHighAccuracy: { type: 'Boolean' },
        highAccuracyExpireTime: { type: 'Number' },
      },
    },
    (o: { type?: string }) => {
      locationOff();
      ensureScope(host, 'scope.userLocation');
      return report(phone.position, o.type);
    },
  );

  wx.getFuzzyLocation = defineAsync(
    host,
    'getFuzzyLocation',
    { params: { type: oneOf('type', ['wgs84', 'gcj02']) } },
    (o: { type?: string }) => {
      locationOff();
      ensureScope(host, 'scope.userFuzzyLocation');
      const r = report(phone.position, o.type);
      // fuzzy: about 1.5 km — two decimals
      return { latitude: +r.latitude.toFixed(2), longitude: +r.longitude.toFixed(2) };
    },
  );

  const pick = (): Record<string, unknown> & { name: string; address: string; latitude: number; longitude: number } => {
    const chosen = phone.locationChoices.next();
    if (chosen === 'cancel') throw new ApiError('cancel');
    return (
      (chosen && { ...chosen }) ?? {
        name: '腾讯微信总部',
        address: '广东省广州市海珠区新港中路397号',
        ...wgs84ToGcj02(phone.position.latitude, phone.position.longitude),
      }
    );
  };
  wx.chooseLocation = defineAsync(
    host,
    'chooseLocation',
    { params: { latitude: { ...latitude, required: false }, longitude: { ...longitude, required: false } } },
    () => pick(),
  );
  wx.choosePoi = defineAsync(host, 'choosePoi', {}, () => {
    const p = pick();
    return { type: 2, city: 440100, name: p.name, address: p.address, latitude: p.latitude, longitude: p.longitude };
  });
  wx.openLocation = defineAsync(
    host,
    'openLocation',
    { params: { latitude, longitude, scale: { type: 'Number' }, name: { type: 'String' }, address: { type: 'String' } } },
    (o) => {
      phone.record('openLocation', [o]);
      return {};
    },
  );

  const changes = listenerPair<ReturnType<typeof report>>(host, wx, 'LocationChange');
  listenerPair<unknown>(host, wx, 'LocationChangeError');
  let updating = false;
  const unsubscribe = phone.on('location', (p) => {
    if (updating) emitLater(host, changes, report(p as Position, 'gcj02'));
  });
  host.device.onDispose(unsubscribe);
  const start = (name: string, scope: 'scope.userLocation' | 'scope.userLocationBackground') =>
    defineAsync(host, name, { params: { type: oneOf('type', ['wgs84', 'gcj02']) } }, () => {
      locationOff();
      ensureScope(host, 'scope.userLocation');
      if (scope === 'scope.userLocationBackground') ensureScope(host, scope);
      updating = true;
      emitLater(host, changes, report(phone.position, 'gcj02'));
      return {};
    });
  wx.startLocationUpdate = start('startLocationUpdate', 'scope.userLocation');
  wx.startLocationUpdateBackground = start('startLocationUpdateBackground', 'scope.userLocationBackground');
  wx.stopLocationUpdate = defineAsync(host, 'stopLocationUpdate', {}, () => {
    updating = false;
    return {};
  });

  tag(wx, 'simulated', [
    'getLocation',
    'getFuzzyLocation',
    'startLocationUpdate',
    'startLocationUpdateBackground',
    'stopLocationUpdate',
    'onLocationChange',
    'offLocationChange',
    'onLocationChangeError',
    'offLocationChangeError',
  ]);
  tag(wx, 'scripted', ['chooseLocation', 'choosePoi']);
  tag(wx, 'recorded', ['openLocation']);
}
