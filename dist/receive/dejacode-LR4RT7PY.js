import{a}from"./chunk-KRCVL67O.js";import"./chunk-VLSN7CPE.js";export{a as reactions};
