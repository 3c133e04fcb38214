import{f as a}from"./chunk-VRY3SYKQ.js";import"./chunk-AMKSVLCE.js";import"./chunk-TVFIWPKH.js";export{a as main};
