import{f as a}from"./chunk-XLPJGS43.js";import"./chunk-4QVPFEO4.js";import"./chunk-TVFIWPKH.js";export{a as main};
