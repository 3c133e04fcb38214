import{f as a}from"./chunk-BOYV23SX.js";import"./chunk-4QVPFEO4.js";import"./chunk-TVFIWPKH.js";export{a as main};
