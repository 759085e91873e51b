// The entry of d3.min.js (npm run build, see package.json): scales and ticks, contours, colour maps.
export { scaleLinear, scaleLog } from "d3-scale";
export { ticks, tickStep, nice, extent } from "d3-array";
export { contours } from "d3-contour";
export { interpolateViridis, interpolatePlasma } from "d3-scale-chromatic";
