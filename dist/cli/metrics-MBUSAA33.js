import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-Z5RMSALD.js";import"./chunk-4CKLI5Y4.js";import"./chunk-FKOXXMD2.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
