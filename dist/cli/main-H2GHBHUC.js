import{f as a}from"./chunk-N4ZBXDCU.js";import"./chunk-AXKPJ3DK.js";import"./chunk-TVFIWPKH.js";export{a as main};
