import{a}from"./chunk-GYKJPFNO.js";import"./chunk-LJMNRTO5.js";export{a as reactions};
