import{a}from"./chunk-YWBBQNVS.js";import"./chunk-4RZNDWJH.js";export{a as reactions};
