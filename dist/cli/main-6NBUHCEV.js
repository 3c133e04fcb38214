import{f as a}from"./chunk-UVNFE4MN.js";import"./chunk-AXKPJ3DK.js";import"./chunk-TVFIWPKH.js";export{a as main};
