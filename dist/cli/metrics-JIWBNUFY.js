import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-DISYVEKU.js";import"./chunk-AGR5ACBD.js";import"./chunk-YRKZ7RWP.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
