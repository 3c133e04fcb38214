import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-5HJS4QTK.js";import"./chunk-4XF6NB37.js";import"./chunk-X7XIBII2.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
