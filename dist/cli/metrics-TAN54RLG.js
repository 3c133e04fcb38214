import{a,b,c}from"./chunk-XORFJWYX.js";import"./chunk-ZS6V4B6J.js";import"./chunk-LXYG2P22.js";import"./chunk-SETWV4IF.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
