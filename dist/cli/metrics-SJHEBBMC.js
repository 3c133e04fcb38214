import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-5K3F2N33.js";import"./chunk-KV5M5BZK.js";import"./chunk-NNBISTWF.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
