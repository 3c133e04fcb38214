import{c as a}from"./chunk-FIVIRSGB.js";import"./chunk-7KHBNG2K.js";export{a as reactions};
