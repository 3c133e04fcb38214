import{f as a}from"./chunk-MLB6P6QT.js";import"./chunk-AMKSVLCE.js";import"./chunk-TVFIWPKH.js";export{a as main};
