import{p as a}from"./chunk-442P2CUU.js";import"./chunk-PLRWXOIM.js";export{a as reactions};
