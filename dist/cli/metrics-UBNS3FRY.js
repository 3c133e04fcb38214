import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-VHYTWDY2.js";import"./chunk-54BIUGW7.js";import"./chunk-QOLVNRWL.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
