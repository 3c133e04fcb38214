import{a}from"./chunk-6IGHV5SC.js";import"./chunk-PLRWXOIM.js";export{a as reactions};
