import{q as a}from"./chunk-IMYFY72G.js";import"./chunk-7KHBNG2K.js";export{a as reactions};
