import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-H7IQO5WC.js";import"./chunk-WRFU2FR7.js";import"./chunk-24MVTZSH.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
