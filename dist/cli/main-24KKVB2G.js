import{f as a}from"./chunk-DOUSZXCF.js";import"./chunk-AMKSVLCE.js";import"./chunk-TVFIWPKH.js";export{a as main};
