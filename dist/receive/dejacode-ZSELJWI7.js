import{a}from"./chunk-IPQCDE5P.js";import"./chunk-7KHBNG2K.js";export{a as reactions};
