import{f as a}from"./chunk-IYOALOI3.js";import"./chunk-AXKPJ3DK.js";import"./chunk-TVFIWPKH.js";export{a as main};
