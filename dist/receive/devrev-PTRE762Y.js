import{c as a}from"./chunk-WOEJ4C6J.js";import"./chunk-VLSN7CPE.js";export{a as reactions};
