import{f as a}from"./chunk-S2RH5FVJ.js";import"./chunk-AMKSVLCE.js";import"./chunk-TVFIWPKH.js";export{a as main};
