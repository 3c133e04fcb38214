import{f as a}from"./chunk-5HEZNMLS.js";import"./chunk-LNSQBO6J.js";import"./chunk-TVFIWPKH.js";export{a as main};
