import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-TO3AANLR.js";import"./chunk-6WYKABWH.js";import"./chunk-3YDP5EMF.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
