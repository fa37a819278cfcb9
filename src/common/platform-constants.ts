/** Name of the platform package (what generated repositories depend on). */
export const PLATFORM_PACKAGE = '@zave/platform';

/**
 * The Node.js major version generated repositories run on: an active LTS (Node 20 reached its end
 * of life on 2026-04-30). Workflows' setup-node, the node Dockerfile and `engines` follow it.
 */
export const NODE_LTS_MAJOR = '22';
