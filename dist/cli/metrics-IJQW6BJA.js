import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-RNAGNRJV.js";import"./chunk-TYJZL325.js";import"./chunk-KSCIWOI4.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
