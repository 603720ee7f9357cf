// Where a server may set the keepalive options (apart from the schema, so the command line's help loads no validator).

/**
 * Where and how the server sets the options: on the listening socket (inherited by accepted sockets, the
 * article's way); on each accepted socket (setKeepAlive, then net-keepalive for interval, count and user
 * timeout); or with Node alone on the accepted socket — `setKeepAlive(true, idle)` (node-default) or
 * `setKeepAlive(true)` with no delay (node-no-delay).
 */
export const SET_ON = ['listener', 'accepted', 'node-default', 'node-no-delay'] as const;
