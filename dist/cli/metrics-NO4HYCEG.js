import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-JN4GKCEI.js";import"./chunk-FX6KJGI2.js";import"./chunk-7S4XWZD4.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
