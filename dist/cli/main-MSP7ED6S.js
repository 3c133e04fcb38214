import{f as a}from"./chunk-HCRDR5FW.js";import"./chunk-AXKPJ3DK.js";import"./chunk-TVFIWPKH.js";export{a as main};
