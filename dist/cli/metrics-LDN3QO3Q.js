import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-GIWNSSHB.js";import"./chunk-KZ3QVGAY.js";import"./chunk-WJUIMUYP.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
