import{f as a}from"./chunk-T7XQIFWV.js";import"./chunk-BKGELVN4.js";import"./chunk-TVFIWPKH.js";export{a as main};
