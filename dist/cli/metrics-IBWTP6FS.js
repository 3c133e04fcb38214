import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-NDEJKULP.js";import"./chunk-SU5W2B7I.js";import"./chunk-LAIUBLG3.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
