import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-PR3C6LRU.js";import"./chunk-SMMEY233.js";import"./chunk-FQIDXRDW.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
