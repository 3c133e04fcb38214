import{f as a}from"./chunk-4X3MKXIT.js";import"./chunk-AMKSVLCE.js";import"./chunk-TVFIWPKH.js";export{a as main};
