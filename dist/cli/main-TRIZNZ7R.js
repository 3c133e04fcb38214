import{f as a}from"./chunk-NV2YF2MB.js";import"./chunk-66QCWXJ6.js";import"./chunk-TVFIWPKH.js";export{a as main};
