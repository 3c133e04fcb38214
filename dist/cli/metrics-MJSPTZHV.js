import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-3NAVEG5C.js";import"./chunk-TPWB3WZ2.js";import"./chunk-2VH5D23Y.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
