import{q as a}from"./chunk-ZKYHFARJ.js";import"./chunk-BCOS4BET.js";export{a as reactions};
