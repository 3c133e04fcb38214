import{f as a}from"./chunk-5D222A6H.js";import"./chunk-66QCWXJ6.js";import"./chunk-TVFIWPKH.js";export{a as main};
