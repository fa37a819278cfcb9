/** Why `value` is not a narrow IPv4/IPv6 CIDR an egress rule may allow, or undefined when it is. */
export function cidrProblem(value: string): string | undefined {
  const m = /^([0-9a-fA-F.:]+)\/(\d{1,3})$/.exec(value);
  if (!m) return 'is not a CIDR (address/prefix length)';
  const [, address, bitsText] = m;
  const bits = Number(bitsText);
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    if (v4.slice(1).some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) return 'is not a valid IPv4 address';
    if (bits > 32) return 'has a prefix length over 32';
  } else {
    if (!address.includes(':') || !/^[0-9a-fA-F:]+$/.test(address) || (address.match(/::/g) ?? []).length > 1) return 'is not a valid IP address';
    if (bits > 128) return 'has a prefix length over 128';
  }
  if (bits < 8) return `has a /${bits} prefix: that opens egress to a large part of the internet, not to one API server`;
  return undefined;
}
