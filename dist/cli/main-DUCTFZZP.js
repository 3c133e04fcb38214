import{f as a}from"./chunk-7NOZLEGS.js";import"./chunk-AMKSVLCE.js";import"./chunk-TVFIWPKH.js";export{a as main};
