import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-BAKNJKF7.js";import"./chunk-E3XY7J4J.js";import"./chunk-353BYEOT.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
