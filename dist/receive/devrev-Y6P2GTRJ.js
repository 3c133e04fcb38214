import{c as a}from"./chunk-FVKQCQ3T.js";import"./chunk-PLRWXOIM.js";export{a as reactions};
