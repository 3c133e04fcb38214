import{f as a}from"./chunk-MDM2AKJT.js";import"./chunk-TUKLFJQQ.js";import"./chunk-TVFIWPKH.js";export{a as main};
