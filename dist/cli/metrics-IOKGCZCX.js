import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-IPY2K3OX.js";import"./chunk-QDR2H4DE.js";import"./chunk-K6PTK7N2.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
