import{f as a}from"./chunk-IOJEDO7N.js";import"./chunk-SO4OEONU.js";import"./chunk-TVFIWPKH.js";export{a as main};
