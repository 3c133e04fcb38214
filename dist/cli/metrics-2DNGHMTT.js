import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-SIHGENOU.js";import"./chunk-GZZF6CSM.js";import"./chunk-2TOZNSJH.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
