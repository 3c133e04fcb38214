import{a}from"./chunk-NBYHZHDE.js";import"./chunk-BCOS4BET.js";export{a as reactions};
