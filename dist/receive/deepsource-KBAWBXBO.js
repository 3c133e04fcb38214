import{p as a}from"./chunk-POAG4REH.js";import"./chunk-LJMNRTO5.js";export{a as reactions};
