// Integer socket options through libc's setsockopt/getsockopt, via ffi-rs (the library net-keepalive uses).
// Needed where net-keepalive cannot go: the listening socket (net-keepalive accepts only a net.Socket) and
// reading back SO_KEEPALIVE and TCP_KEEPIDLE, which it has no getter for.
import ffi from 'ffi-rs';

const { DataType, createPointer, load, open, restorePointer } = ffi;
const LIBRARY = 'libc-self';

interface CallResult {
  value: number;
  errnoCode: number;
  errnoMessage: string;
}

export const SOL_SOCKET = 1;
export const SO_KEEPALIVE = 9;
export const IPPROTO_TCP = 6;
export const TCP_KEEPIDLE = 4;
export const TCP_KEEPINTVL = 5;
export const TCP_KEEPCNT = 6;
export const TCP_USER_TIMEOUT = 18;

let opened = false;
function libc(): void {
  if (!opened) {
    open({ library: LIBRARY, path: '' }); // '' = the running process, which has libc loaded
    opened = true;
  }
}

export function setIntOption(fd: number, level: number, name: number, value: number): void {
  libc();
  const [pointer] = createPointer({ paramsType: [DataType.I32], paramsValue: [value] });
  const {
    value: ret,
    errnoCode,
    errnoMessage,
  } = load({
    library: LIBRARY,
    funcName: 'setsockopt',
    retType: DataType.I32,
    paramsType: [DataType.I32, DataType.I32, DataType.I32, DataType.External, DataType.I32],
    paramsValue: [fd, level, name, pointer, 4],
    errno: true,
  }) as CallResult;
  if (ret !== 0) throw new Error(`setsockopt(${level}, ${name}, ${value}) failed: ${errnoMessage} (errno ${errnoCode})`);
}

export function getIntOption(fd: number, level: number, name: number): number {
  libc();
  const [pointer] = createPointer({ paramsType: [DataType.I32], paramsValue: [0] });
  const [length] = createPointer({ paramsType: [DataType.I32], paramsValue: [4] });
  const {
    value: ret,
    errnoCode,
    errnoMessage,
  } = load({
    library: LIBRARY,
    funcName: 'getsockopt',
    retType: DataType.I32,
    paramsType: [DataType.I32, DataType.I32, DataType.I32, DataType.External, DataType.External],
    paramsValue: [fd, level, name, pointer, length],
    errno: true,
  }) as CallResult;
  if (ret !== 0) throw new Error(`getsockopt(${level}, ${name}) failed: ${errnoMessage} (errno ${errnoCode})`);
  const [value] = restorePointer({ retType: [DataType.I32], paramsValue: [pointer!] }) as number[];
  return value!;
}
