import{a,b,c}from"./chunk-ACRE5E4P.js";import"./chunk-3RNHDNP5.js";export{b as LATENCY_BUCKETS,a as METRICS_CONTENT_TYPE,c as RelayMetrics};
